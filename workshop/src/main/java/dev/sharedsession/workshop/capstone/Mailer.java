package dev.sharedsession.workshop.capstone;

/** Sends a mail (the check hands the shop one that records what was sent). Do not change this file. */
@FunctionalInterface
public interface Mailer {

    void send(String to, String text);
}
