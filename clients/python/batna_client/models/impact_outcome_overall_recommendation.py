from enum import StrEnum

class ImpactOutcomeOverallRecommendation(StrEnum):
    DO_NOT_LEVERAGE = "do_not_leverage"
    PROCEED = "proceed"
    PROCEED_WITH_CHANGES = "proceed_with_changes"

    def __str__(self) -> str:
        return str(self.value)
