from enum import StrEnum

class OrganisationManagerRelationshipType0(StrEnum):
    NEUTRAL = "neutral"
    STRAINED = "strained"
    STRONG = "strong"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
