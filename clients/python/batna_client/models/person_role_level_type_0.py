from enum import StrEnum

class PersonRoleLevelType0(StrEnum):
    EXECUTIVE = "executive"
    FACULTY = "faculty"
    INDIVIDUAL_CONTRIBUTOR = "individual_contributor"
    MANAGER = "manager"
    OTHER = "other"
    SENIOR_MANAGER = "senior_manager"

    def __str__(self) -> str:
        return str(self.value)
