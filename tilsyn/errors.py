class DomainError(Exception):
    """A refused action, with a Danish message fit to show the user.

    ``field`` names the form field the message belongs to, if any; ``errors`` holds every message of a
    refusal that found several problems at once (field name or None → messages), so a form can show
    them all, each next to its field. Every service in every app raises this (or a subclass) so views
    and the API can show the reason as it is; ``rule`` is a machine-readable name for the API.
    """

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None,
                 errors: dict[str | None, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.rule = rule
        self.errors = errors or {field: [message]}


class Forbidden(DomainError):
    """The actor's role or socialtilsyn does not allow the action."""


class Checks:
    """Collects every refusal of one call, so the user sees all problems at once, not one per attempt.

        checks = Checks()
        checks.require(dato <= today, "dato", "Datoen kan ikke ligge i fremtiden.")
        checks.raise_if_any()
    """

    def __init__(self) -> None:
        self.errors: dict[str | None, list[str]] = {}

    def add(self, field: str | None, message: str | None) -> None:
        if message:
            self.errors.setdefault(field, []).append(message)

    def require(self, ok: bool, field: str | None, message: str) -> None:
        if not ok:
            self.add(field, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self, *, rule: str | None = None) -> None:
        if self.errors:
            field, messages = next(iter(self.errors.items()))
            raise DomainError(" ".join(m for ms in self.errors.values() for m in ms) if len(self.errors) > 1
                              else messages[0], field=field, rule=rule, errors=self.errors)


def add_to_form(form, exc: DomainError | Checks, *, fields: dict[str, str] | None = None) -> None:
    """Show a service's refusal (or the ``Checks`` a form's ``clean`` asked the service for) on the form:
    each message next to its field, else at the top. ``fields`` maps the service's field names to the
    form's where they differ."""
    for field, messages in exc.errors.items():
        field = (fields or {}).get(field, field)
        field = field if field in form.fields else None
        if field is not None and form.has_error(field):
            continue  # the form has already said what is wrong with this field
        for message in messages:
            form.add_error(field, message)
