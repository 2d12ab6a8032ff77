package dev.sharedsession.web.shared;

/** The body of {@code POST} and {@code PUT /orders/{id}/shipment}: {@code {"address": "1 Mill Lane"}}. */
public record ShippingAddress(String address) {

    /** Refuses an empty address, with the one line the client gets back (400). */
    public ShippingAddress {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address is missing");
        }
    }
}
