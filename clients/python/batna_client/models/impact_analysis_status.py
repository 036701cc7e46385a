from enum import StrEnum

class ImpactAnalysisStatus(StrEnum):
    DONE = "done"
    QUEUED = "queued"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
