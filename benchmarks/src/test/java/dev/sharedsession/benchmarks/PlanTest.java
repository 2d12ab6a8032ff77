package dev.sharedsession.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.benchmarks.Plan.Part;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The profiles' plans: what each run measures, and the budget on paper. Nothing here runs a benchmark. */
class PlanTest {

    private static final String LOCKED = Plan.UOW + "lockedSharedSession";
    private static final String RAW = Plan.UOW + "rawJdbc";

    /** Every (benchmark, parameters, threads) combination a plan runs, written out. */
    private static List<String> combinations(Plan plan) {
        List<String> all = new ArrayList<>();
        for (Part part : plan.parts()) {
            for (String benchmark : part.benchmarks()) {
                for (Map<String, String> params : crossProduct(part.params())) {
                    for (int n : part.threads()) {
                        all.add(benchmark + " " + params + " threads=" + n);
                    }
                }
            }
        }
        return all;
    }

    private static List<Map<String, String>> crossProduct(Map<String, List<String>> params) {
        List<Map<String, String>> result = new ArrayList<>();
        result.add(new TreeMap<>());
        params.forEach((name, values) -> {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : result) {
                for (String value : values) {
                    Map<String, String> more = new TreeMap<>(partial);
                    more.put(name, value);
                    next.add(more);
                }
            }
            result.clear();
            result.addAll(next);
        });
        return result;
    }

    private static String uow(String benchmark, String db, String rtt, String workload, String guard, int threads) {
        return benchmark + " " + new TreeMap<>(Map.of("db", db, "rttMs", rtt, "workload", workload, "guard", guard))
                + " threads=" + threads;
    }

    @Test
    @DisplayName("the full profile on H2 and PostgreSQL is budgeted at 1,696 s, under 30 minutes, as Profile's Javadoc works out")
    void fullProfileBudget() {
        Plan plan = Plan.of(Profile.FULL, List.of("h2", "postgresql"), null, null);

        assertThat(plan.estimate()).as("Profile's Javadoc states this sum; change both together")
                .isEqualTo(Duration.ofSeconds(1_696));
        assertThat(plan.estimate()).isLessThan(Duration.ofMinutes(30));
        assertThat(plan.combinations()).isEqualTo(97);
        assertThat(Plan.of(Profile.FULL, List.of("h2"), null, null).estimate()).isEqualTo(Duration.ofSeconds(1_040));
    }

    @Test
    @DisplayName("no combination is measured twice")
    void noCombinationTwice() {
        for (Profile profile : Profile.values()) {
            List<String> all = combinations(Plan.of(profile, List.of("h2", "postgresql"), null, null));
            assertThat(new HashSet<>(all)).as(profile.name()).hasSameSizeAs(all);
        }
    }

    @Test
    @DisplayName("the full profile measures every ratio a goal is judged by")
    void everyGoalIsMeasured() {
        Set<String> all = new HashSet<>(combinations(Plan.of(Profile.FULL, List.of("h2", "postgresql"), null, null)));
        for (String db : List.of("h2", "postgresql")) {
            for (int n : List.of(2, 8)) {
                assertThat(all).contains(uow(Plan.PER_OPERATION, db, "1", "UNCONTENDED", "off", n),
                        uow(LOCKED, db, "1", "UNCONTENDED", "off", n));
            }
            for (int n : List.of(1, 2, 4, 8)) {
                assertThat(all).as("the headline chart, " + db).contains(uow(LOCKED, db, "1", "UNCONTENDED", "off", n),
                        uow(Plan.PER_OPERATION, db, "1", "UNCONTENDED", "off", n));
            }
        }
        assertThat(all).contains(uow(Plan.PER_OPERATION, "postgresql", "0", "UNCONTENDED", "off", 1),
                uow(RAW, "postgresql", "0", "UNCONTENDED", "off", 1));
        for (int n : List.of(1, 8)) {
            assertThat(all).contains(Plan.GUARD_PAIR + " {guard=confined} threads=" + n);
        }
    }

    @Test
    @DisplayName("the goals' combinations get more samples than the rest: the headline 12 iterations, the guard 2 forks of 10, a server without a network 10")
    void goalsGetMoreSamples() {
        Plan plan = Plan.of(Profile.FULL, List.of("h2"), null, null);
        Part headline = plan.parts().get(0);
        assertThat(headline.title()).isEqualTo("unit of work, uncontended, RTT 1 ms, h2");
        assertThat(headline.timing().iterations()).isEqualTo(12);
        Part serverNoNetwork = Plan.of(Profile.FULL, List.of("postgresql"), null, null).parts().stream()
                .filter(p -> p.title().equals("unit of work, uncontended, no network (RTT 0), postgresql")).findFirst().orElseThrow();
        assertThat(serverNoNetwork.timing().iterations()).isEqualTo(10);
        Part guard = plan.parts().stream().filter(p -> p.benchmarks().contains(Plan.GUARD_PAIR)).findFirst().orElseThrow();
        assertThat(guard.timing().forks()).isEqualTo(2);
        assertThat(guard.timing().iterations()).isEqualTo(10);
        assertThat(guard.benchmarks()).containsExactly(Plan.GUARD_PAIR);
    }

    @Test
    @DisplayName("--threads and --rtt replace the profile's; the largest RTT is the headline, contended runs there")
    void overrides() {
        Plan plan = Plan.of(Profile.QUICK, List.of("postgresql"), List.of(1, 8), List.of("0.2", "5"));
        assertThat(plan.parts()).extracting(Part::title).containsExactly(
                "unit of work, uncontended, RTT 5 ms, postgresql",
                "unit of work, uncontended, RTT 0.2 ms, postgresql",
                "unit of work, contended, RTT 5 ms, postgresql",
                "what a Session costs, postgresql",
                "the long-lived persistence context, postgresql");
        assertThat(plan.parts().subList(0, 3)).allSatisfy(p -> assertThat(p.threads()).containsExactly(1, 8));
        assertThat(plan.parts().get(3).threads()).as("single-thread benchmarks stay at 1").containsExactly(1);
    }

    @Test
    @DisplayName("the smoke profile runs every unit-of-work strategy behind a 0.2 ms network and the guard on H2")
    void smokeCoversTheNewParameters() {
        List<String> all = combinations(Plan.of(Profile.SMOKE, List.of("h2"), List.of(2), null));
        for (String strategy : Plan.STRATEGIES) {
            assertThat(all).contains(uow(strategy, "h2", "0.2", "UNCONTENDED", "off", 2),
                    uow(strategy, "h2", "0.2", "CONTENDED", "off", 2), uow(strategy, "h2", "0", "UNCONTENDED", "off", 2));
        }
        assertThat(all).contains(Plan.GUARD_PAIR + " {guard=confined} threads=2");
    }
}
