-- Sluice: decides the calls of one request, one per key, all or nothing; or estimates a call, or gives back
-- permits, atomically.
--
-- KEYS[i]  the state of the i-th limit: a request's limits on one key share a hash slot, so one script sees them
-- ARGV[1]  operation: decide | estimate | release
-- ARGV[2]  now in microseconds since the epoch, or empty for the server's TIME
-- then, for each key i, 8 arguments from ARGV[3 + 8·(i − 1)]:
--   algorithm: fixed-window | sliding-log | sliding-counter | token-bucket | leaky-bucket
--   limit n, period p in microseconds, capacity b, permits k
--   leaky bucket: the longest wait accepted, whole microseconds, or -1 for any
--   leaky bucket: the nanoseconds beyond it (0 to 999)
--   milliseconds to keep the key beyond its rest time (tests with a slow manual clock; normally 0)
--
-- decide: every call is decided in order, committing nothing; if all admit, every state is then updated. The first
-- refusal stops the charging: nothing is taken from any key, the refusing call gets its denial, the calls before
-- it what they said (an admission, which is what an estimate says), and the calls after it an estimate, with any
-- wait accepted. estimate: as decide for one key, taking nothing. release: gives back each key's permits.
--
-- Returns, per key, {allowed, remaining, retryAfter, nextPermitAfter, resetAfter, delay}, each duration as two
-- integers: whole microseconds, then nanoseconds (0 to 999), the exact value rounded up to a nanosecond, as the
-- in-memory store gives it; ten numbers per key, one flat list. A release returns {0}.
--
-- Lua numbers are doubles, exact for integers below 2^53. Times and durations are integer microseconds (an epoch
-- time before 2100 is below 2^52). A bucket's theoretical arrival time is whole microseconds plus a fraction in
-- 1/n microseconds, since T = p/n is rarely whole. Every sum stays below 2^53; a product that could pass it
-- (n up to 10^9 times a time up to 3.2e13) is computed on base-2^24 limbs and divided bit by bit, with divisors
-- below 2^52. Numbers go to Redis as strings formatted by fmt: tostring keeps only 14 digits.
--
-- Cost: each run of the script runs its whole body, and Lua 5.1 makes a new closure each time a function
-- definition runs, so only what a call needs is defined: the limb arithmetic when a product passes 2^53, and the
-- key's own algorithm.
--
-- State: fixed window and counter, a hash of the window's start and counts; sliding log, a list of
-- "<time>:<permits>" entries, oldest first, one per instant admitted, so at most n after an admission (every entry
-- is live then and holds a permit); buckets, a hash of the theoretical arrival time and the limit its fraction
-- is counted in. Every state expires when it is back at rest, and a state at rest is deleted, never kept.

local TWO53 = 9007199254740992
local BASE = 16777216

-- an integer in decimal; '%d' is much cheaper than '%.0f', but takes a C long, which may have 32 bits, so a
-- number beyond goes in two parts of at most 9 digits
local function fmt(x)
  if x < 0 then
    return '-' .. fmt(-x)
  end
  if x < 2147483648 then
    return string.format('%d', x)
  end
  local high = math.floor(x / 10000000)
  return string.format('%d%07d', high, x - high * 10000000)
end

-- a = q * c + r exactly, for 0 <= a < 2^53 and c > 0
local function divmod(a, c)
  local r = math.fmod(a, c)
  return (a - r) / c, r
end

-- the exact arithmetic beyond 2^53, on base-2^24 limbs: made only when a product passes 2^53
local function bigArithmetic()
  local function limbs(x)
    local out = {}
    repeat
      local high = math.floor(x / BASE)
      out[#out + 1] = x - high * BASE
      x = high
    until x == 0
    return out
  end

  local function mulLimbs(a, b)
    local out = {}
    for i = 1, #a + #b + 1 do
      out[i] = 0
    end
    for i = 1, #a do
      local carry = 0
      for j = 1, #b do
        local v = out[i + j - 1] + a[i] * b[j] + carry
        carry = math.floor(v / BASE)
        out[i + j - 1] = v - carry * BASE
      end
      local m = i + #b
      while carry > 0 do
        local v = out[m] + carry
        carry = math.floor(v / BASE)
        out[m] = v - carry * BASE
        m = m + 1
      end
    end
    return out
  end

  local function addSmall(a, d)
    local out = {}
    local carry = d
    for i = 1, #a do
      local v = a[i] + carry
      carry = math.floor(v / BASE)
      out[i] = v - carry * BASE
    end
    while carry > 0 do
      local high = math.floor(carry / BASE)
      out[#out + 1] = carry - high * BASE
      carry = high
    end
    return out
  end

  local function compareLimbs(a, b)
    local length = math.max(#a, #b)
    for i = length, 1, -1 do
      local x = a[i] or 0
      local y = b[i] or 0
      if x ~= y then
        return x < y and -1 or 1
      end
    end
    return 0
  end

  -- floor(a / c) and a mod c for a number in limbs and 0 < c < 2^52; the quotient must stay below 2^53
  local function divLimbs(a, c)
    local q = 0
    local r = 0
    for i = #a, 1, -1 do
      local limb = a[i]
      for bit = 23, 0, -1 do
        local weight = 2 ^ bit
        local b = math.floor(limb / weight)
        limb = limb - b * weight
        r = r * 2 + b
        q = q * 2
        if r >= c then
          r = r - c
          q = q + 1
        end
      end
    end
    if q >= TWO53 then
      error('sluice: quotient beyond 2^53')
    end
    return q, r
  end
  return limbs, mulLimbs, addSmall, compareLimbs, divLimbs
end

-- floor((a * b + d) / c) and the remainder, for non-negative a, b, d below 2^53
local function mulAddDivMod(a, b, d, c)
  local product = a * b
  if product + d < TWO53 then
    return divmod(product + d, c)
  end
  local limbs, mulLimbs, addSmall, _, divLimbs = bigArithmetic()
  return divLimbs(addSmall(mulLimbs(limbs(a), limbs(b)), d), c)
end

local function mulAddDivCeil(a, b, d, c)
  local q, r = mulAddDivMod(a, b, d, c)
  return r > 0 and q + 1 or q
end

-- whether a * b <= c * d, for non-negative operands below 2^53
local function productAtMost(a, b, c, d)
  local left = a * b
  local right = c * d
  if left < TWO53 and right < TWO53 then
    return left <= right
  end
  local limbs, mulLimbs, _, compareLimbs = bigArithmetic()
  return compareLimbs(mulLimbs(limbs(a), limbs(b)), mulLimbs(limbs(c), limbs(d))) <= 0
end

local operation = ARGV[1]
local t
if ARGV[2] == '' then
  local time = redis.call('TIME')
  t = tonumber(time[1]) * 1000000 + tonumber(time[2])
else
  t = tonumber(ARGV[2])
end
local ARGS_PER_KEY = 8

-- A duration is a pair {microseconds, nanoseconds}, 0 <= nanoseconds < 1000.
local ZERO = {0, 0}

local function micros(x)
  return {x, 0}
end

local function later(a, b)
  if a[1] ~= b[1] then
    return a[1] > b[1] and a or b
  end
  return a[2] >= b[2] and a or b
end

local function allowed(remaining, nextPermit, reset, delay)
  return {1, remaining, 0, 0, nextPermit[1], nextPermit[2], reset[1], reset[2], delay[1], delay[2]}
end

local function denied(remaining, retry, nextPermit, reset)
  return {0, remaining, retry[1], retry[2], nextPermit[1], nextPermit[2], reset[1], reset[2], 0, 0}
end

-- Decides (or, for 'release', gives back) the call of the i-th key; boundDelay false accepts any wait. Returns the
-- figures and, for an admission, the function that takes the permits.
local function limit(i, release, boundDelay)
  local base = 2 + ARGS_PER_KEY * (i - 1)
  local key = KEYS[i]
  local algorithm = ARGV[base + 1]
  local n = tonumber(ARGV[base + 2])
  local p = tonumber(ARGV[base + 3])
  local b = tonumber(ARGV[base + 4])
  local k = tonumber(ARGV[base + 5])
  local maxDelay = boundDelay and tonumber(ARGV[base + 6]) or -1
  local maxDelayNanos = tonumber(ARGV[base + 7])
  local expiryPadding = tonumber(ARGV[base + 8])
  local operation = release and 'release' or 'decide'

  -- expires the key when its state is at rest, at restAt (microseconds), rounded up to the next millisecond
  local function expireAt(restAt)
    local left = restAt - t
    if left <= 0 then
      redis.call('DEL', key)
    else
      redis.call('PEXPIRE', key, fmt(math.floor((left + 999) / 1000) + expiryPadding))
    end
  end

  local function windowStart(time)
    return time - math.fmod(time, p)
  end

  -- each algorithm's function is made only for its own keys (and false for the others)
  local fixedWindow = algorithm == 'fixed-window' and function()
    local state = redis.call('HMGET', key, 'w', 'c')
    local stateWindow = tonumber(state[1])
    local window = windowStart(t)
    local now = t
    if stateWindow and window < stateWindow then
      window = stateWindow
      now = stateWindow
    end
    local count = window == stateWindow and tonumber(state[2]) or 0
    local untilWindowEnds = micros(window + p - now)

    if operation == 'release' then
      if stateWindow and window == stateWindow then
        local left = count - math.min(k, count)
        if left == 0 then
          redis.call('DEL', key)
        else
          redis.call('HSET', key, 'c', fmt(left))
        end
      end
      return {0}
    end

    if count + k > n then
      return denied(math.max(0, n - count), untilWindowEnds, untilWindowEnds, untilWindowEnds)
    end
    local function write()
      redis.call('HSET', key, 'w', fmt(window), 'c', fmt(count + k))
      expireAt(window + p)
    end
    local remaining = n - count - k
    return allowed(remaining, remaining == n and ZERO or untilWindowEnds, untilWindowEnds, ZERO), write
  end

  local slidingLog = algorithm == 'sliding-log' and function()
    local entries = redis.call('LRANGE', key, 0, -1)
    local times = {}
    local counts = {}
    for i, entry in ipairs(entries) do
      -- "<time>:<permits>", as this script writes it (cheaper to split than to match with a pattern)
      local colon = string.find(entry, ':', 1, true)
      times[i] = tonumber(string.sub(entry, 1, colon - 1))
      counts[i] = tonumber(string.sub(entry, colon + 1))
    end
    local size = #times
    local now = size > 0 and math.max(t, times[size]) or t
    local firstLive = 1
    while firstLive <= size and times[firstLive] + p <= now do
      firstLive = firstLive + 1
    end
    local live = 0
    for i = firstLive, size do
      live = live + counts[i]
    end

    if operation == 'release' then
      local toRemove = math.min(k, live)
      local last = size
      while toRemove > 0 do
        if counts[last] <= toRemove then
          redis.call('RPOP', key)
          toRemove = toRemove - counts[last]
          last = last - 1
        else
          redis.call('LSET', key, -1, fmt(times[last]) .. ':' .. fmt(counts[last] - toRemove))
          toRemove = 0
        end
      end
      if last < size then
        if last == 0 then
          redis.call('DEL', key)
        else
          expireAt(times[last] + p)
        end
      end
      return {0}
    end

    -- the wait until enough of the oldest live admissions have left for j more permits
    local function waitFor(j)
      local mustLeave = live + j - n
      local left = 0
      for i = firstLive, size do
        left = left + counts[i]
        if left >= mustLeave then
          return micros(times[i] + p - now)
        end
      end
      return micros(p)
    end

    if live + k > n then
      local remaining = math.max(0, n - live)
      return denied(remaining, waitFor(k), waitFor(remaining + 1), micros(times[size] + p - now))
    end
    local oldestLeavesAfter = firstLive <= size and times[firstLive] + p - now or p
    local function write()
      if firstLive > 1 then
        redis.call('LTRIM', key, firstLive - 1, -1)
      end
      if firstLive <= size and times[size] == now then
        redis.call('LSET', key, -1, fmt(now) .. ':' .. fmt(counts[size] + k))
      else
        redis.call('RPUSH', key, fmt(now) .. ':' .. fmt(k))
      end
      expireAt(now + p)
    end
    return allowed(n - live - k, micros(oldestLeavesAfter), micros(p), ZERO), write
  end

  local slidingCounter = algorithm == 'sliding-counter' and function()
    local state = redis.call('HMGET', key, 'w', 'prev', 'cur')
    local stateWindow = tonumber(state[1])
    local window = windowStart(t)
    local now = t
    if stateWindow and window < stateWindow then
      window = stateWindow
      now = stateWindow
    end
    local previous = 0
    local current = 0
    if window == stateWindow then
      previous = tonumber(state[2])
      current = tonumber(state[3])
    elseif stateWindow and window == stateWindow + p then
      previous = tonumber(state[3])
    end

    if operation == 'release' then
      if stateWindow and window <= stateWindow + p then
        local stateCurrent = tonumber(state[3])
        local left = stateCurrent - math.min(k, stateCurrent)
        redis.call('HSET', key, 'cur', fmt(left))
        if left > 0 then
          expireAt(stateWindow + 2 * p)
        elseif tonumber(state[2]) > 0 then
          expireAt(stateWindow + p)
        else
          redis.call('DEL', key)
        end
      end
      return {0}
    end

    local leftInWindow = window + p - now
    local function remainingOf(cur)
      return math.max(0, n - cur - mulAddDivCeil(previous, leftInWindow, 0, p))
    end
    -- whole - x·p/d, rounded up to a nanosecond, and never below zero
    local function lessShare(whole, x, d)
      local q, r = mulAddDivMod(x, p, 0, d)
      local nanos = math.floor(r * 1000 / d)
      if nanos > 0 then
        whole, nanos = whole - 1, 1000 - nanos
      end
      if whole - q < 0 then
        return ZERO
      end
      return {whole - q, nanos}
    end
    local function waitFor(cur, j)
      local room = n - cur - j
      if room > 0 and previous > 0 then
        return lessShare(leftInWindow, room, previous)
      end
      if cur == 0 then
        return micros(leftInWindow)
      end
      local nextWindowWait = lessShare(p, math.max(0, n - j), cur)
      return {leftInWindow + nextWindowWait[1], nextWindowWait[2]}
    end

    local room = n - current - k
    if room < 0 or not productAtMost(previous, leftInWindow, room, p) then
      local remaining = remainingOf(current)
      local resetAfter = current > 0 and leftInWindow + p or leftInWindow
      return denied(remaining, waitFor(current, k), waitFor(current, remaining + 1), micros(resetAfter))
    end
    current = current + k
    local function write()
      redis.call('HSET', key, 'w', fmt(window), 'prev', fmt(previous), 'cur', fmt(current))
      expireAt(window + 2 * p)
    end
    local remaining = remainingOf(current)
    return allowed(remaining, remaining == n and ZERO or waitFor(current, remaining + 1), micros(leftInWindow + p),
        ZERO), write
  end

  local gcra = (algorithm == 'token-bucket' or algorithm == 'leaky-bucket') and function(leaky)
    local intervalWhole, intervalRest = divmod(p, n)

    -- j·T as whole microseconds and a fraction in 1/n microseconds
    local function times(j)
      local whole, fraction = mulAddDivMod(j, intervalRest, 0, n)
      return j * intervalWhole + whole, fraction
    end

    local function ceil(whole, fraction)
      return fraction > 0 and whole + 1 or whole
    end

    -- whole + fraction/n microseconds as a duration, rounded up to a nanosecond; zero if negative
    local function duration(whole, fraction)
      if whole < 0 then
        return ZERO
      end
      local nanos = mulAddDivCeil(fraction, 1000, 0, n)
      if nanos == 1000 then
        return {whole + 1, 0}
      end
      return {whole, nanos}
    end

    local function minus(whole, fraction, otherWhole, otherFraction)
      local f = fraction - otherFraction
      if f < 0 then
        return whole - otherWhole - 1, f + n
      end
      return whole - otherWhole, f
    end

    local capacityWhole, capacityFraction = times(b)
    local state = redis.call('HMGET', key, 'u', 'f', 'n')
    local tatWhole = tonumber(state[1])
    local tatFraction = 0
    if tatWhole then
      tatFraction = tonumber(state[2])
      local stateLimit = tonumber(state[3])
      if stateLimit ~= n then
        -- a changed limit: the fraction in 1/n, rounded up so that nothing held is lost
        tatFraction = mulAddDivCeil(tatFraction, n, 0, stateLimit)
        if tatFraction >= n then
          tatWhole = tatWhole + 1
          tatFraction = tatFraction - n
        end
      end
    end

    if operation == 'release' then
      if tatWhole then
        local whole, fraction = minus(tatWhole, tatFraction, times(k))
        if whole < t or whole == t and fraction == 0 then
          redis.call('DEL', key)
        else
          redis.call('HSET', key, 'u', fmt(whole), 'f', fmt(fraction), 'n', fmt(n))
          expireAt(ceil(whole, fraction))
        end
      end
      return {0}
    end

    local waiting = tatWhole and (tatWhole > t or tatWhole == t and tatFraction > 0)
    local aheadWhole = waiting and tatWhole - t or 0
    local aheadFraction = waiting and tatFraction or 0

    local function remainingAt(whole, fraction)
      -- more than b·T ahead (the clock stepped back, or the limit grew): none remain, and the quotient could
      -- pass 2^53
      if not productAtMost(whole, n, b, p) then
        return 0
      end
      return math.max(0, b - mulAddDivCeil(whole, n, fraction, p))
    end

    -- the wait until tat + (j − b)·T, given how far tat is ahead; zero if that has passed
    local function waitFor(whole, fraction, j)
      local spareWhole, spareFraction = times(b - j)
      return duration(minus(whole, fraction, spareWhole, spareFraction))
    end

    local permitsWhole, permitsFraction = times(k)
    local fraction = aheadFraction + permitsFraction
    local whole = aheadWhole + permitsWhole
    if fraction >= n then
      whole = whole + 1
      fraction = fraction - n
    end
    local delay = duration(aheadWhole, aheadFraction)
    local fitsQueue = whole < capacityWhole or whole == capacityWhole and fraction <= capacityFraction
    local fitsDelay = true
    if leaky and maxDelay >= 0 then
      fitsDelay = delay[1] < maxDelay or delay[1] == maxDelay and delay[2] <= maxDelayNanos
    end
    if not fitsQueue or not fitsDelay then
      local remaining = remainingAt(aheadWhole, aheadFraction)
      local retry = waitFor(aheadWhole, aheadFraction, k)
      if not fitsDelay then
        local beyond = {delay[1] - maxDelay, delay[2] - maxDelayNanos}
        if beyond[2] < 0 then
          beyond = {beyond[1] - 1, beyond[2] + 1000}
        end
        retry = later(retry, beyond)
      end
      return denied(remaining, retry, waitFor(aheadWhole, aheadFraction, remaining + 1), delay)
    end

    local function write()
      redis.call('HSET', key, 'u', fmt(t + whole), 'f', fmt(fraction), 'n', fmt(n))
      expireAt(t + ceil(whole, fraction))
    end
    local remaining = remainingAt(whole, fraction)
    local nextPermit = remaining == b and ZERO or waitFor(whole, fraction, remaining + 1)
    return allowed(remaining, nextPermit, duration(whole, fraction), leaky and delay or ZERO), write
  end

  if algorithm == 'fixed-window' then
    return fixedWindow()
  elseif algorithm == 'sliding-log' then
    return slidingLog()
  elseif algorithm == 'sliding-counter' then
    return slidingCounter()
  elseif algorithm == 'token-bucket' then
    return gcra(false)
  elseif algorithm == 'leaky-bucket' then
    return gcra(true)
  end
  error('sluice: unknown algorithm ' .. tostring(algorithm))
end

if operation == 'release' then
  for i = 1, #KEYS do
    limit(i, true, false)
  end
  return {0}
end

local results = {}
local writes = {}
local refused = nil
for i = 1, #KEYS do
  results[i], writes[i] = limit(i, false, true)
  if results[i][1] == 0 then
    refused = i
    break
  end
end
if refused then
  for i = refused + 1, #KEYS do
    results[i] = limit(i, false, false)
  end
elseif operation == 'decide' then
  for i = 1, #KEYS do
    writes[i]()
  end
end

if #KEYS == 1 then
  -- one key: its ten figures are the reply
  return results[1]
end
local figures = {}
for i = 1, #KEYS do
  for _, figure in ipairs(results[i]) do
    figures[#figures + 1] = figure
  end
end
return figures
