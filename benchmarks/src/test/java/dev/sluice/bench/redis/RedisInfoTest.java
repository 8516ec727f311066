package dev.sluice.bench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RedisInfoTest {

    private static final String BEFORE = "# Commandstats\r\n"
            + "cmdstat_evalsha:calls=10,usec=200,usec_per_call=20.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_hset:calls=10,usec=30,usec_per_call=3.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_info:calls=4,usec=100,usec_per_call=25.00,rejected_calls=0,failed_calls=0\r\n"
            + "\r\n# CPU\r\n"
            + "used_cpu_sys:1.500000\r\nused_cpu_user:2.000000\r\n"
            + "used_cpu_sys_children:0.000000\r\nused_cpu_user_children:0.000000\r\n"
            + "used_cpu_sys_main_thread:1.000000\r\nused_cpu_user_main_thread:2.000000\r\n";
    private static final String AFTER = "# Commandstats\r\n"
            + "cmdstat_evalsha:calls=110,usec=2200,usec_per_call=20.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_eval:calls=1,usec=50,usec_per_call=50.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_hset:calls=110,usec=330,usec_per_call=3.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_client|setinfo:calls=2,usec=4,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_info:calls=6,usec=150,usec_per_call=25.00,rejected_calls=0,failed_calls=0\r\n"
            + "\r\n# CPU\r\n"
            + "used_cpu_sys:1.750000\r\nused_cpu_user:2.500000\r\n"
            + "used_cpu_sys_children:0.000000\r\nused_cpu_user_children:0.000000\r\n"
            + "used_cpu_sys_main_thread:1.200000\r\nused_cpu_user_main_thread:2.300000\r\n";

    @Test
    void parse_readsEveryCommandsCallsAndMicros() {
        RedisInfo info = RedisInfo.parse(AFTER);

        assertThat(info.commands()).containsEntry("evalsha", new RedisInfo.Command(110, 2200))
                .containsEntry("eval", new RedisInfo.Command(1, 50))
                .containsEntry("client|setinfo", new RedisInfo.Command(2, 4))
                .hasSize(5);
    }

    @Test
    void since_sumsTheCountedCommandsAddedSinceTheEarlierReading() {
        RedisInfo before = RedisInfo.parse(BEFORE);
        RedisInfo after = RedisInfo.parse(AFTER);

        assertThat(after.since(before, RedisInfo::isScript)).isEqualTo(new RedisInfo.Command(101, 2050));
        assertThat(after.since(before, command -> !command.equals("info")))
                .isEqualTo(new RedisInfo.Command(203, 2354));
    }

    @Test
    void cpu_isTheMainThreadsUserAndSystemTime() {
        RedisInfo before = RedisInfo.parse(BEFORE);
        RedisInfo after = RedisInfo.parse(AFTER);

        assertThat(before.cpuMicros()).isCloseTo(3_000_000, within(1e-3));
        assertThat(after.cpuMicrosSince(before)).isCloseTo(500_000, within(1e-3));
    }

    @Test
    void cpu_ofAServerWithoutMainThreadFigures_isTheProcesss() {
        RedisInfo info = RedisInfo.parse("# CPU\nused_cpu_sys:0.250000\nused_cpu_user:0.500000\n");

        assertThat(info.cpuMicros()).isCloseTo(750_000, within(1e-3));
        assertThat(info.commands()).isEmpty();
    }

    @Test
    void parse_withoutCpuFigures_fails() {
        assertThatThrownBy(() -> RedisInfo.parse("# Commandstats\r\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("used_cpu");
    }
}
