package org.granary.ingest.event;

/** Sends one event to its subscriber; never throws: a failure is a result. */
@FunctionalInterface
interface CallbackSender {
    SendResult send(ClaimedDelivery delivery);
}
