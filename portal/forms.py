"""What every form that hands its input to a service shares."""

from django.core.exceptions import ValidationError
from django.forms import Form

__all__ = ["add_service_errors"]


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: each error next to the field it names,
    the rest (and an error without fields) above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
