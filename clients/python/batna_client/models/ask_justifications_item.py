from enum import StrEnum

class AskJustificationsItem(StrEnum):
    CAREER_GROWTH = "career_growth"
    COMPANY_BENEFIT = "company_benefit"
    IMPACT_EVIDENCE = "impact_evidence"
    MARKET_DATA = "market_data"
    PERSONAL_NEED = "personal_need"
    RELATIONAL_ACCOUNT = "relational_account"
    ROLE_SCOPE = "role_scope"

    def __str__(self) -> str:
        return str(self.value)
