"""What the webhook pages call things, in the user's language."""

from flask_babel import lazy_gettext as _l

from app.webhooks.vocab import DeliveryState, Event, Refusal

EVENTS = {
    Event.REFERRAL_DECIDED: _l("A referral is decided (accepted, rejected or returned)"),
    Event.CASE_STAGE_CHANGED: _l("A case changes stage"),
    Event.CERTIFICATE_ISSUED: _l("A certificate is issued"),
    Event.CERTIFICATE_REVOKED: _l("A certificate is revoked"),
}

STATES = {
    DeliveryState.WAITING: _l("Waiting"),
    DeliveryState.SENDING: _l("Being sent"),
    DeliveryState.DELIVERED: _l("Delivered"),
    DeliveryState.FAILED: _l("Failed"),
}

REFUSALS = {
    Refusal.URL_MALFORMED: _l("Enter a whole web address, such as https://example.org/validera."),
    Refusal.URL_NOT_HTTPS: _l("The address must begin with https://: events are sent encrypted."),
    Refusal.URL_UNRESOLVED: _l("No server with this name was found. Check the address."),
    Refusal.URL_PRIVATE: _l(
        "The address leads to a private, local or internal network, which Validera does not "
        "call. Use an address that can be reached from the internet."
    ),
    Refusal.NO_EVENTS: _l("Choose at least one event."),
    Refusal.CLIENT_DISABLED: _l("This API client is disabled: enable it first."),
    Refusal.NOT_FAILED: _l("This delivery has not failed: it is delivered or on its way."),
}
