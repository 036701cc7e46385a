from enum import StrEnum

class AskTone(StrEnum):
    APPRECIATIVE = "appreciative"
    DISMISSIVE = "dismissive"
    NEUTRAL = "neutral"

    def __str__(self) -> str:
        return str(self.value)
