package dev.sharedsession.webload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit: what the shop's database holds after the load, read with plain JDBC (not through the
 * shop's Hibernate), held against what the clients were told. Every order acknowledged with a 2xx
 * must have exactly one receipt; no receipt may name an order the client was not given (traps 1
 * and 2). Every shipment must end at the last address the shop acknowledged (trap 3). Every
 * reservation of stock must be for an order that exists, and every acknowledged order of 500.00 or
 * more must have exactly one (trap 4). Every order whose missing receipt a 202 promised must have
 * one (trap 5).
 */
final class Audit {

    /** A receipt names its order as the shop's Receipts.text writes it: "order 7: 25.00 for ...". */
    private static final Pattern RECEIPT_ORDER = Pattern.compile("^order (\\d+): ");

    private Audit() {
    }

    /** One background task the shop recorded as failed ({@code background_failure}: the safe side only). */
    record FailureRow(long orderId, String work) {
    }

    /**
     * What the clients were told, all steps so far: orders acknowledged, those of 500.00 or more,
     * each shipment's last acknowledged address (null: unknown), orders whose receipt was promised.
     */
    record Told(Set<Long> acknowledged, Set<Long> large, Map<Long, String> shipments, Set<Long> receiptsAsked) {

        static Told orders(Collection<Long> acknowledged) {
            return new Told(new HashSet<>(acknowledged), Set.of(), Map.of(), Set.of());
        }

        static Told empty() {
            return new Told(new LinkedHashSet<>(), new HashSet<>(), new HashMap<>(), new HashSet<>());
        }

        /** Adds what one run of the load generator was told. */
        void add(LoadResult load) {
            acknowledged.addAll(load.acknowledged());
            large.addAll(load.large());
            shipments.putAll(load.shipments());
            receiptsAsked.addAll(load.receiptsAsked());
        }
    }

    /**
     * What the database holds, as rows, before any judging: the order ids of the stock reservations,
     * one per row, and each shipment's address by its order id.
     */
    record Rows(List<Long> orders, List<String> receipts, List<FailureRow> failures, long loyaltyPoints,
                List<Long> reservations, Map<Long, String> shipments) {

        Rows(List<Long> orders, List<String> receipts, List<FailureRow> failures, long loyaltyPoints) {
            this(orders, receipts, failures, loyaltyPoints, List.of(), Map.of());
        }
    }

    /**
     * The audit's counts. {@code failuresLogged} is what happened (a background task's WARN or ERROR
     * in the shop's log), {@code failuresReported} what the shop wrote down where a client can see it.
     */
    record Counts(long acknowledged, long withOneReceipt, long lost, long lostSilently, long duplicate, long ghost,
                  long savedThoughRefused, long missingOrders, long failuresReported, long failuresLogged,
                  long loyaltyPoints, Traps traps) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Traps.NONE);

        /** This audit less an earlier one of the same database: what one step of the load added. */
        Counts minus(Counts earlier) {
            return new Counts(acknowledged - earlier.acknowledged, withOneReceipt - earlier.withOneReceipt,
                    lost - earlier.lost, lostSilently - earlier.lostSilently, duplicate - earlier.duplicate,
                    ghost - earlier.ghost, savedThoughRefused - earlier.savedThoughRefused,
                    missingOrders - earlier.missingOrders, failuresReported - earlier.failuresReported,
                    failuresLogged - earlier.failuresLogged, loyaltyPoints - earlier.loyaltyPoints,
                    traps.minus(earlier.traps));
        }

        /**
         * Whether the clients were misled: a receipt lost or doubled, a ghost, an acknowledged order
         * missing, or one of traps 3 to 5 gone wrong.
         */
        boolean wrong() {
            return lost > 0 || duplicate > 0 || ghost > 0 || missingOrders > 0 || traps.wrong();
        }
    }

    /**
     * Traps 3 to 5, each what was judged and how often it went wrong.
     * <ul>
     * <li>trap 3: {@code shipments} with a known last acknowledged address; {@code addressLost}: their
     *     row holds another address (or there is no row);</li>
     * <li>trap 4: {@code largeAcknowledged} orders of 500.00 or more; {@code ghostReservations}:
     *     reservations for an order that does not exist; {@code largeWithoutOneReservation}: acknowledged
     *     large orders with none or several;</li>
     * <li>trap 5: {@code receiptsAsked}, orders a {@code POST /orders/{id}/receipt} got a 202 for;
     *     {@code receiptsAskedLost}: still without a receipt.</li>
     * </ul>
     */
    record Traps(long shipments, long addressLost, long largeAcknowledged, long ghostReservations,
                 long largeWithoutOneReservation, long receiptsAsked, long receiptsAskedLost) {

        static final Traps NONE = new Traps(0, 0, 0, 0, 0, 0, 0);

        Traps minus(Traps earlier) {
            return new Traps(shipments - earlier.shipments, addressLost - earlier.addressLost,
                    largeAcknowledged - earlier.largeAcknowledged, ghostReservations - earlier.ghostReservations,
                    largeWithoutOneReservation - earlier.largeWithoutOneReservation, receiptsAsked - earlier.receiptsAsked,
                    receiptsAskedLost - earlier.receiptsAskedLost);
        }

        boolean wrong() {
            return addressLost > 0 || ghostReservations > 0 || largeWithoutOneReservation > 0 || receiptsAskedLost > 0;
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
     * <li>missing: acknowledged, yet no order row;</li>
     * <li>traps 3 to 5: see {@link Traps}.</li>
     * </ul>
     */
    static Counts classify(Collection<Long> acknowledged, Rows rows, long failuresLogged) {
        return classify(Told.orders(acknowledged), rows, failuresLogged);
    }

    static Counts classify(Told clients, Rows rows, long failuresLogged) {
        Set<Long> told = clients.acknowledged();
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
                rows.failures().size(), failuresLogged, rows.loyaltyPoints(), traps(clients, rows, orders, receipts));
    }

    private static Traps traps(Told clients, Rows rows, Set<Long> orders, Map<Long, Integer> receipts) {
        long shipments = 0;
        long addressLost = 0;
        for (Map.Entry<Long, String> shipment : clients.shipments().entrySet()) {
            if (shipment.getValue() == null) {
                continue;       // its last answer was a 5xx or none: the address it ends at is not known
            }
            shipments++;
            if (!shipment.getValue().equals(rows.shipments().get(shipment.getKey()))) {
                addressLost++;
            }
        }
        Map<Long, Integer> reservations = new HashMap<>();
        rows.reservations().forEach(order -> reservations.merge(order, 1, Integer::sum));
        long ghostReservations = rows.reservations().stream().filter(order -> !orders.contains(order)).count();
        long largeWithoutOne = clients.large().stream().filter(order -> reservations.getOrDefault(order, 0) != 1).count();
        long askedLost = clients.receiptsAsked().stream().filter(order -> receipts.getOrDefault(order, 0) == 0).count();
        return new Traps(shipments, addressLost, clients.large().size(), ghostReservations, largeWithoutOne,
                clients.receiptsAsked().size(), askedLost);
    }

    /**
     * The orders a JVM holds claimed ({@code task_instance} of its picked jobs: the order's id). Read
     * just after the JVM was killed, these are the jobs it died holding: nobody else touches them
     * until they are found dead.
     */
    static List<Long> jobsHeldBy(String url, String user, String password, String claimer) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement select = connection.prepareStatement(
                     "select task_instance from scheduled_tasks where picked = ? and picked_by = ? order by task_instance")) {
            select.setBoolean(1, true);
            select.setString(2, claimer);
            List<Long> held = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    held.add(Long.valueOf(rows.getString(1)));
                }
            }
            return held;
        }
    }

    /**
     * Every receipt's {@code issued_at} (the shop's clock, when the receipt was written), by its
     * order's id: one entry per receipt, so an order with two has two.
     */
    static Map<Long, List<Instant>> receiptTimes(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select order_id, issued_at from receipt where order_id is not null")) {
            String type = rows.getMetaData().getColumnTypeName(2).toLowerCase(java.util.Locale.ROOT);
            // Hibernate stores an Instant with its zone where the column has one (H2, PostgreSQL), else in UTC (MariaDB).
            boolean zoned = type.contains("time zone") || type.contains("timestamptz");
            Map<Long, List<Instant>> times = new HashMap<>();
            while (rows.next()) {
                Instant issued = zoned ? rows.getObject(2, OffsetDateTime.class).toInstant()
                        : rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                times.computeIfAbsent(rows.getLong(1), order -> new ArrayList<>()).add(issued);
            }
            return times;
        }
    }

    /**
     * Jobs of the durable side still in db-scheduler's table, waiting or running: the audit waits
     * for none before it counts. Zero where there is no such table (the other sides).
     */
    static long jobsLeft(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(), "%", null)) {
                boolean found = false;
                while (tables.next()) {
                    found |= tables.getString("TABLE_NAME").equalsIgnoreCase("scheduled_tasks");
                }
                if (!found) {
                    return 0;
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select count(*) from scheduled_tasks")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Jobs a JVM has claimed and not finished ({@code picked_by} is the name it claims them under). */
    static long jobsClaimedBy(String url, String user, String password, String claimer) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement select = connection.prepareStatement(
                     "select count(*) from scheduled_tasks where picked = ? and picked_by = ?")) {
            select.setBoolean(1, true);
            select.setString(2, claimer);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
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
            List<Long> reservations = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select order_id from stock_reservation")) {
                while (rows.next()) {
                    reservations.add(rows.getLong(1));
                }
            }
            Map<Long, String> shipments = new HashMap<>();
            try (ResultSet rows = statement.executeQuery("select order_id, address from shipment")) {
                while (rows.next()) {
                    shipments.put(rows.getLong(1), rows.getString(2));
                }
            }
            return new Rows(orders, receipts, failures, points, reservations, shipments);
        }
    }
}
