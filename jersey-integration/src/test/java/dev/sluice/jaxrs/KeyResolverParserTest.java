package dev.sluice.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sluice.KeyResolver;
import dev.sluice.config.CidrBlock;

final class KeyResolverParserTest {

    private static final KeyResolver TENANT = request -> Optional.ofNullable(request.getHeaderString("X-Tenant"));

    private final KeyResolverParser parser = KeyResolverParser.builder()
            .namedResolvers(name -> Optional.ofNullable(Map.of("tenant", TENANT).get(name)))
            .trustedProxies(List.of(CidrBlock.parse("10.0.0.0/8")))
            .build();

    @Path("users")
    static class Users {

        @GET
        @Path("{id}")
        public String get(@PathParam("id") String id) {
            return id;
        }

        public String helper() {
            return "";
        }
    }

    @Test
    void parse_ip_keyIsTheLabelledAddress() {
        assertThat(resolve("ip", FakeRequest.from("203.0.113.7"))).contains("ip=203.0.113.7");
    }

    @Test
    void parse_ipBehindTrustedProxy_keyIsTheForwardedClient() {
        FakeRequest request = FakeRequest.from("10.0.0.1").header("X-Forwarded-For", "2001:db8:1:2::99");

        assertThat(resolve("ip", request)).contains("ip=2001:db8:1:2::/64");
    }

    @Test
    void parse_principal_keyIsTheUserName() {
        assertThat(resolve("principal", new FakeRequest().user("alice"))).contains("principal=alice");
    }

    @Test
    void parse_principalWithoutUser_hasNoKey() {
        assertThat(resolve("principal", new FakeRequest())).isEmpty();
        assertThat(resolve("principal", new FakeRequest().user(null))).isEmpty();
    }

    @Test
    void parse_header_keyIsTheValueUnderTheNameAsWritten() {
        FakeRequest request = new FakeRequest().header("x-api-key", "k1");

        assertThat(resolve("header:X-Api-Key", request)).contains("header:X-Api-Key=k1");
    }

    @Test
    void parse_queryAndPath_keysAreTheDecodedValues() {
        FakeRequest request = new FakeRequest().query("tenant", "acme").query("tenant", "other").path("id", "42");

        assertThat(resolve("query:tenant, path:id", request)).contains("query:tenant=acme|path:id=42");
    }

    @Test
    void parse_route_keyIsTheMethodAndTemplate() throws NoSuchMethodException {
        Method get = Users.class.getMethod("get", String.class);

        KeyResolver resolver = parser.parse("route", Users.class, get);

        assertThat(resolver.resolve(new FakeRequest())).contains("route=GET%20/users/%7Bid%7D");
    }

    @Test
    void parse_routeOnNoResourceMethod_hasNoKey() throws NoSuchMethodException {
        Method helper = Users.class.getMethod("helper");

        KeyResolver resolver = parser.parse("ip, route", Users.class, helper);

        assertThat(resolver.resolve(FakeRequest.from("203.0.113.7"))).isEmpty();
    }

    @Test
    void parse_global_keyIsOneForAll() {
        assertThat(resolve("global", FakeRequest.from("203.0.113.7"))).contains("global=*");
        assertThat(resolve("global", new FakeRequest())).contains("global=*");
    }

    @Test
    void parse_composite_joinsLabelledPartsInOrder() {
        FakeRequest request = FakeRequest.from("203.0.113.7").header("X-Api-Key", "k1");

        assertThat(resolve("ip, header:X-Api-Key", request)).contains("ip=203.0.113.7|header:X-Api-Key=k1");
        assertThat(resolve("header:X-Api-Key,ip", request)).contains("header:X-Api-Key=k1|ip=203.0.113.7");
    }

    @Test
    void parse_compositeWithAPartMissing_hasNoKey() {
        FakeRequest request = FakeRequest.from("203.0.113.7");

        assertThat(resolve("ip, header:X-Api-Key", request)).isEmpty();
    }

    @Test
    void parse_emptyHeaderValue_hasNoKey() {
        assertThat(resolve("header:X-Api-Key", new FakeRequest().header("X-Api-Key", ""))).isEmpty();
    }

    @Test
    void parse_hostileValuesWithSeparators_cannotForgeAnotherKey() {
        FakeRequest first = new FakeRequest().header("A", "1").header("B", "2|header:B=3");
        FakeRequest second = new FakeRequest().header("A", "1|header:B=2").header("B", "3");

        Optional<String> firstKey = resolve("header:A, header:B", first);
        Optional<String> secondKey = resolve("header:A, header:B", second);

        assertThat(firstKey).contains("header:A=1|header:B=2%7Cheader:B%3D3");
        assertThat(secondKey).contains("header:A=1%7Cheader:B%3D2|header:B=3");
    }

    @Test
    void parse_valueLookingLikeAnotherResolversKey_staysInItsOwnLabel() {
        FakeRequest request = FakeRequest.from("203.0.113.7").header("X-Api-Key", "203.0.113.7");

        assertThat(resolve("header:X-Api-Key", request)).isNotEqualTo(resolve("ip", request));
    }

    @Test
    void parse_percentSpacesControlsBracesAndNonAscii_areEncodedAsUtf8() {
        FakeRequest request = new FakeRequest().header("K", "a%20b c\t{x}é\uD83D\uDE00\uD800");

        assertThat(resolve("header:K", request))
                .contains("header:K=a%2520b%20c%09%7Bx%7D%C3%A9%F0%9F%98%80%EF%BF%BD");
    }

    @Test
    void parse_namedResolver_isLookedUpOnceAndLabelledWithItsName() {
        AtomicInteger lookups = new AtomicInteger();
        KeyResolverParser counting = KeyResolverParser.builder()
                .namedResolvers(name -> {
                    lookups.incrementAndGet();
                    return Optional.of(TENANT);
                })
                .build();

        KeyResolver resolver = counting.parse("tenant", Users.class, Users.class.getMethods()[0]);
        resolver.resolve(new FakeRequest().header("X-Tenant", "acme"));
        Optional<String> key = resolver.resolve(new FakeRequest().header("X-Tenant", "acme"));

        assertThat(key).contains("tenant=acme");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void parse_builtInName_winsOverTheLookup() {
        KeyResolverParser shadowing = KeyResolverParser.builder()
                .namedResolvers(name -> Optional.of(request -> Optional.of("bean")))
                .build();

        assertThat(shadowing.isValid("ip")).isTrue();
        assertThat(shadowing.isValid("beanName")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "  ", ",", "ip,", ",ip", "ip,,principal", "ip, ip", "header:A, header:a", "header:", "query:",
        "path:", "cookie:session", "header:X Api", "header:X(Api)", "query:a|b", "path:a=b", "query:%41",
        "header:{id}", "unknown", "IP", "ten ant", "tenant|ip", "route:x",
    })
    void parse_invalidSpecification_throwsNamingItAndTheAllowedForms(String spec) {
        assertThat(parser.isValid(spec)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> parser.check(spec))
                .withMessageStartingWith("key resolver specification '" + spec + "' is invalid: ")
                .withMessageContaining("allowed: ip, principal, route, global, header:<Name>, query:<name>,"
                        + " path:<param>, or the @Named name of a KeyResolver bean; several joined by commas");
    }

    @Test
    void check_unknownName_saysNoResolverHasIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> parser.check("ip, tenantx"))
                .withMessageContaining("no key resolver is named 'tenantx'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ip", "principal", "route", "global", "tenant", "header:X-Api-Key", "query:filter[id]", "path:id",
        " ip , header:X-Api-Key , path:id ", "ip,principal,route,global,tenant",
    })
    void isValid_wellFormedSpecification_isTrue(String spec) {
        assertThat(parser.isValid(spec)).isTrue();
    }

    @Test
    void builder_optionSetTwice_throws() {
        KeyResolverParser.Builder builder = KeyResolverParser.builder().trustedProxies(List.of());

        assertThatIllegalStateException().isThrownBy(() -> builder.trustedProxies(List.of()))
                .withMessageContaining("trustedProxies");
    }

    private Optional<String> resolve(String spec, FakeRequest request) {
        try {
            return parser.parse(spec, Users.class, Users.class.getMethod("get", String.class)).resolve(request);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
