from enum import StrEnum

class AskFraming(StrEnum):
    ASSERTIVE = "assertive"
    COLLABORATIVE = "collaborative"
    QUESTION = "question"
    ULTIMATUM = "ultimatum"

    def __str__(self) -> str:
        return str(self.value)
