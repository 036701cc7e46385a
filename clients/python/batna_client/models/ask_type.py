from enum import StrEnum

class AskType(StrEnum):
    COUNTEROFFER = "counteroffer"
    PROMOTION = "promotion"
    RAISE = "raise"
    RELOCATION = "relocation"
    REMOTE = "remote"
    TITLE = "title"

    def __str__(self) -> str:
        return str(self.value)
