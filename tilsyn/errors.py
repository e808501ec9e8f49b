class DomainError(Exception):
    """A refused action, with a Danish message fit to show the user.

    ``field`` names the form field the message belongs to, if any. Every service in every app
    raises this (or a subclass) so views and the API can show the reason as it is.
    """

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.rule = rule


class Forbidden(DomainError):
    """The actor's role or socialtilsyn does not allow the action."""
