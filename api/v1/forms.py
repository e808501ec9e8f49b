"""The API validates writes with the UI's own Django forms, so a rule and its Danish message live in one
place: a JSON body becomes form data, and the form's errors become a 400 with the same messages."""


import datetime as dt

from .core import ApiError


def form_data(payload: dict) -> dict:
    """JSON values as a bound form expects them (lists stay lists; None means "not given")."""
    data = {}
    for key, value in payload.items():
        if value is None:
            continue
        if isinstance(value, dt.date | bool | list):
            data[key] = value
        else:
            data[key] = str(value)
    return data


def validate(form):
    """The bound form, cleaned; otherwise 400 with every field's messages (the non-field ones as __all__)."""
    if not form.is_valid():
        errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        first = next(iter(errors.values()))[0]
        raise ApiError(400, first if len(errors) == 1 and len(errors[next(iter(errors))]) == 1
                       else "Der er fejl i forespørgslen.", errors=errors)
    return form
