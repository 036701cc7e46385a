from enum import StrEnum

class PersonNegotiatingAs(StrEnum):
    CANDIDATE = "candidate"
    EMPLOYEE = "employee"

    def __str__(self) -> str:
        return str(self.value)
