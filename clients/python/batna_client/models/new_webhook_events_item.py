from enum import StrEnum

class NewWebhookEventsItem(StrEnum):
    BATCH_COMPLETED = "batch.completed"
    IMPACT_ANALYSIS_COMPLETED = "impact_analysis.completed"

    def __str__(self) -> str:
        return str(self.value)
