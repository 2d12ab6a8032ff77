package dev.sharedsession.webload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit: what the shop's database holds after the load, read with plain JDBC (not through the
 * shop's Hibernate), held against what the clients were told. Every order acknowledged with a 2xx
 * must have exactly one receipt; no receipt may name an order the client was not given.
 */
final class Audit {

    /** A receipt names its order as the shop's Receipts.text writes it: "order 7: 25.00 for ...". */
    private static final Pattern RECEIPT_ORDER = Pattern.compile("^order (\\d+): ");

    private Audit() {
    }

    /** One background task the shop recorded as failed ({@code background_failure}: the safe side only). */
    record FailureRow(long orderId, String work) {
    }

    /** What the database holds, as rows, before any judging. */
    record Rows(List<Long> orders, List<String> receipts, List<FailureRow> failures, long loyaltyPoints) {
    }

    /**
     * The audit's counts. {@code failuresLogged} is what happened (a background task's WARN or ERROR
     * in the shop's log), {@code failuresReported} what the shop wrote down where a client can see it.
     */
    record Counts(long acknowledged, long withOneReceipt, long lost, long lostSilently, long duplicate, long ghost,
                  long savedThoughRefused, long missingOrders, long failuresReported, long failuresLogged,
                  long loyaltyPoints) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** This audit less an earlier one of the same database: what one step of the load added. */
        Counts minus(Counts earlier) {
            return new Counts(acknowledged - earlier.acknowledged, withOneReceipt - earlier.withOneReceipt,
                    lost - earlier.lost, lostSilently - earlier.lostSilently, duplicate - earlier.duplicate,
                    ghost - earlier.ghost, savedThoughRefused - earlier.savedThoughRefused,
                    missingOrders - earlier.missingOrders, failuresReported - earlier.failuresReported,
                    failuresLogged - earlier.failuresLogged, loyaltyPoints - earlier.loyaltyPoints);
        }

        /** Whether the clients were misled: a receipt lost or doubled, a ghost, an acknowledged order missing. */
        boolean wrong() {
            return lost > 0 || duplicate > 0 || ghost > 0 || missingOrders > 0;
        }
    }

    /**
     * Judges the rows against the acknowledged orders.
     * <ul>
     * <li>lost: acknowledged, no receipt; silently: and no failure recorded for it either;</li>
     * <li>duplicate: acknowledged, more than one receipt;</li>
     * <li>ghost: a receipt for an order the client was not told succeeded (a failed or rolled-back
     *     POST, or no order at all);</li>
     * <li>saved though refused: an order row whose POST did not get a 2xx;</li>
     * <li>missing: acknowledged, yet no order row.</li>
     * </ul>
     */
    static Counts classify(Collection<Long> acknowledged, Rows rows, long failuresLogged) {
        Set<Long> told = new HashSet<>(acknowledged);
        Set<Long> orders = new HashSet<>(rows.orders());
        Map<Long, Integer> receipts = new HashMap<>();
        long ghost = 0;
        for (String message : rows.receipts()) {
            Matcher matcher = RECEIPT_ORDER.matcher(message == null ? "" : message);
            Long order = matcher.find() ? Long.valueOf(matcher.group(1)) : null;
            if (order == null || !told.contains(order)) {
                ghost++;
            } else {
                receipts.merge(order, 1, Integer::sum);
            }
        }
        Set<Long> failedReceipts = new HashSet<>();
        for (FailureRow failure : rows.failures()) {
            if ("receipt".equals(failure.work())) {
                failedReceipts.add(failure.orderId());
            }
        }
        long one = 0;
        long lost = 0;
        long silently = 0;
        long duplicate = 0;
        long missing = 0;
        for (long order : told) {
            int count = receipts.getOrDefault(order, 0);
            if (count == 1) {
                one++;
            } else if (count == 0) {
                lost++;
                if (!failedReceipts.contains(order)) {
                    silently++;
                }
            } else {
                duplicate++;
            }
            if (!orders.contains(order)) {
                missing++;
            }
        }
        long savedThoughRefused = orders.stream().filter(order -> !told.contains(order)).count();
        return new Counts(told.size(), one, lost, silently, duplicate, ghost, savedThoughRefused, missing,
                rows.failures().size(), failuresLogged, rows.loyaltyPoints());
    }

    /** Reads the rows, through a connection of its own, closed before it returns. */
    static Rows read(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            List<Long> orders = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select id from purchase_order")) {
                while (rows.next()) {
                    orders.add(rows.getLong(1));
                }
            }
            List<String> receipts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select message from receipt")) {
                while (rows.next()) {
                    receipts.add(rows.getString(1));
                }
            }
            List<FailureRow> failures = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select order_id, work from background_failure")) {
                while (rows.next()) {
                    failures.add(new FailureRow(rows.getLong(1), rows.getString(2)));
                }
            }
            long points;
            try (ResultSet rows = statement.executeQuery(
                    "select coalesce(sum(hits), 0) from counter where label like 'loyalty points of %'")) {
                rows.next();
                points = rows.getLong(1);
            }
            return new Rows(orders, receipts, failures, points);
        }
    }
}
