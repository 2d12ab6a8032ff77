package dev.sharedsession.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.ShopClient.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a 4xx and one line saying what was wrong; nothing is placed, nothing starts. Bad
 * input is not what the two shops differ in (both answer it through the shared {@code BadRequests}),
 * so the checks are written once, here, and each side's {@code BadInputTest} only says which
 * application they run against.
 */
public abstract class AbstractBadInputTest extends ShopTest {

    @Test
    @DisplayName("an unknown customer is 404, a non-positive amount or a missing customer 400")
    void invalidOrders() throws Exception {
        long alice = customer("Alice", "North");
        assertThat(shop.placeAsync(ShopClient.order(999_999, 100)).get()).isEqualTo(new Response(404, "no customer 999999\n"));
        assertThat(shop.placeAsync(ShopClient.order(alice, -5)).get())
                .isEqualTo(new Response(400, "amountCents must be a positive number of cents\n"));
        assertThat(shop.placeAsync("{\"amountCents\": 100}").get()).isEqualTo(new Response(400, "customerId is missing\n"));
    }

    @Test
    @DisplayName("a body that is not JSON is 400, saying what the body must look like")
    void notJson() throws Exception {
        assertThat(shop.placeAsync("customer=1").get())
                .isEqualTo(new Response(400, "the body must be JSON like {\"customerId\": 1, \"amountCents\": 2500}\n"));
    }

    @Test
    @DisplayName("GET /orders/abc is 400, an unknown order 404")
    void badOrderIds() throws Exception {
        assertThat(shop.get("/orders/abc")).isEqualTo(new Response(400, "id must be a number, not 'abc'\n"));
        assertThat(shop.get("/orders/999999")).isEqualTo(new Response(404, "no order 999999\n"));
    }

    @Test
    @DisplayName("shipments and receipts: an unknown order is 404, a missing address 400, a second shipment 400, changing a shipment that is not there 404")
    void badShipmentsAndReceipts() throws Exception {
        long order = orderOf("Dave", "West");
        assertThat(shop.send("POST", "/orders/999999/receipt", "")).isEqualTo(new Response(404, "no order 999999\n"));
        assertThat(shop.send("POST", "/orders/999999/shipment", "{\"address\": \"1 Mill Lane\"}"))
                .isEqualTo(new Response(404, "no order 999999\n"));
        assertThat(shop.send("POST", "/orders/" + order + "/shipment", "{}")).isEqualTo(new Response(400, "address is missing\n"));
        assertThat(shop.send("PUT", "/orders/" + order + "/shipment", "{\"address\": \"1 Mill Lane\"}"))
                .isEqualTo(new Response(404, "order " + order + " has no shipment\n"));
        assertThat(shop.get("/orders/" + order + "/shipment")).isEqualTo(new Response(404, "order " + order + " has no shipment\n"));
        executor.hold();                                     // the estimate waits: this test is about the answers
        assertThat(shop.send("POST", "/orders/" + order + "/shipment", "{\"address\": \"1 Mill Lane\"}").status()).isEqualTo(201);
        assertThat(shop.send("POST", "/orders/" + order + "/shipment", "{\"address\": \"2 Harbour Road\"}"))
                .isEqualTo(new Response(400, "order " + order + " already has a shipment\n"));
        executor.release();
        executor.awaitFinished(1);
        assertThat(log.lines()).isEmpty();
        assertThat(activeConnections()).isZero();
    }
}
