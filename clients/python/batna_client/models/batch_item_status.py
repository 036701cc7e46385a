from enum import IntEnum

class BatchItemStatus(IntEnum):
    VALUE_200 = 200
    VALUE_422 = 422

    def __str__(self) -> str:
        return str(self.value)
