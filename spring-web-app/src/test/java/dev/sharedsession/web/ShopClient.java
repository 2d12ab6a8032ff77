package dev.sharedsession.web;

import dev.sharedsession.web.shared.OrderState;
import dev.sharedsession.web.shared.Stats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;

/** The tests' HTTP client: the JDK's HttpClient against the running application on 127.0.0.1. */
public final class ShopClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Checkpoints.TIMEOUT).build();
    private final String base;

    public ShopClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, String body) {
        public <T> T as(Class<T> type) {
            return JSON.readValue(body, type);
        }

        /** The id of the order a {@code POST /orders} placed. */
        public long orderId() {
            return JSON.readTree(body).required("id").asLong();
        }
    }

    /** POST /orders, answered on the JDK client's own thread: the test goes on while the request runs. */
    public CompletableFuture<Response> placeAsync(String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/orders")).timeout(Checkpoints.TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Response(response.statusCode(), response.body()));
    }

    public Response place(long customerId, long amountCents) throws Exception {
        return placeAsync(order(customerId, amountCents)).get();
    }

    public static String order(long customerId, long amountCents) {
        return "{\"customerId\": " + customerId + ", \"amountCents\": " + amountCents + "}";
    }

    /** Any request with a JSON body (or none, if {@code json} is empty), e.g. {@code PUT /orders/7/shipment}. */
    public Response send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Checkpoints.TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    public Response get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Checkpoints.TIMEOUT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    public OrderState order(long id) throws IOException, InterruptedException {
        Response response = get("/orders/" + id);
        if (response.status() != 200) {
            throw new AssertionError("GET /orders/" + id + " answered " + response);
        }
        return response.as(OrderState.class);
    }

    public Stats stats() throws IOException, InterruptedException {
        return get("/stats").as(Stats.class);
    }
}
