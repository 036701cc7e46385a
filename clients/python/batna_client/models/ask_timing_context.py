from enum import StrEnum

class AskTimingContext(StrEnum):
    AD_HOC = "ad_hoc"
    AFTER_RESIGNATION = "after_resignation"
    BUDGET_PLANNING = "budget_planning"
    PERFORMANCE_REVIEW = "performance_review"

    def __str__(self) -> str:
        return str(self.value)
