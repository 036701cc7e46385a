from enum import StrEnum

class PersonPerformanceRating(StrEnum):
    BELOW = "below"
    MEETS = "meets"
    STRONG = "strong"
    TOP = "top"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
