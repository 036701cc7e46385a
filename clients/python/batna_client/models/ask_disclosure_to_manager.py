from enum import StrEnum

class AskDisclosureToManager(StrEnum):
    EXACT = "exact"
    NONE = "none"
    VAGUE = "vague"

    def __str__(self) -> str:
        return str(self.value)
