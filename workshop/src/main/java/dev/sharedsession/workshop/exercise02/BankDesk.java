package dev.sharedsession.workshop.exercise02;

import dev.sharedsession.model.Bank;

/**
 * Exercise 2's shape: what the check calls, on your starting point and on the solution. A
 * {@link Bank} (a transfer in two steps, and opening an account) that the check closes when the
 * bank shuts down.
 */
public interface BankDesk extends Bank, AutoCloseable {

    /** When the bank shuts down. */
    @Override
    void close();
}
