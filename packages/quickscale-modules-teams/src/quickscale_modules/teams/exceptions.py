"""The one error type services raise for a refused action: its message is shown to the user."""


class TeamError(Exception):
    """An action was refused; ``str(error)`` says what happened and what to do, in one line."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        message = str(message)  # a lazy translation is read in the request's language, once
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


class TeamPermissionError(TeamError):
    """The acting user's role does not allow the action."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="permission_denied")
