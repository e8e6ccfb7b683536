"""Named refusals. Each carries a message a person understands; nothing is written when one is raised."""


class Refused(Exception):
    """Base: the request was understood and refused. The CLI exits 1 with the message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(Refused):
    pass


class InvalidInput(Refused):
    pass


class NotAllowedInState(Refused):
    pass


class NotYourRole(Refused):
    pass


class OwnUnitForbidden(Refused):
    """Separation of duties: the actor belongs to the unit whose item it is."""


class SelfApproval(Refused):
    pass


class MissingFields(Refused):
    pass


class ItemChanged(Refused):
    """Optimistic locking: someone else changed the item (or request) first."""


class AlreadyPending(Refused):
    pass


class RequestNotPending(Refused):
    pass


class AlreadyDecided(Refused):
    pass


class NoApprovers(Refused):
    pass


class ReauthRequired(Refused):
    """A signature through the web or the API needs the signer to authenticate again at that moment."""


class NotSignedIn(Refused):
    """No credentials, or credentials that are wrong, expired, revoked or of a disabled account."""


class TooManyAttempts(Refused):
    """Sign-in throttled: too many failures for the account or from the address."""


class TooEarly(Refused):
    """An order check: the step's time has not come (a round closed before its due time)."""
