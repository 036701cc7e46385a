from enum import StrEnum

class PersonGenderType0(StrEnum):
    MAN = "man"
    NON_BINARY = "non_binary"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"
    WOMAN = "woman"

    def __str__(self) -> str:
        return str(self.value)
