""" Contains all the data models used in inputs/outputs """

from .alternatives import Alternatives
from .alternatives_batna_strength import AlternativesBatnaStrength
from .ask import Ask
from .ask_currency_type_0 import AskCurrencyType0
from .ask_disclosure_to_manager import AskDisclosureToManager
from .ask_framing import AskFraming
from .ask_justifications_item import AskJustificationsItem
from .ask_timing_context import AskTimingContext
from .ask_tone import AskTone
from .ask_type import AskType
from .attempt import Attempt
from .batch_counts import BatchCounts
from .batch_item import BatchItem
from .batch_item_status import BatchItemStatus
from .batch_page import BatchPage
from .batch_problem import BatchProblem
from .batch_problem_error import BatchProblemError
from .batch_problem_type import BatchProblemType
from .batch_request import BatchRequest
from .batch_response import BatchResponse
from .batch_status import BatchStatus
from .batch_status_format import BatchStatusFormat
from .batch_status_status import BatchStatusStatus
from .change import Change
from .condition import Condition
from .data_notice import DataNotice
from .decision import Decision
from .decision_clause import DecisionClause
from .delivery import Delivery
from .delivery_page import DeliveryPage
from .delivery_status import DeliveryStatus
from .delivery_type import DeliveryType
from .derived import Derived
from .evaluation import Evaluation
from .evaluation_overall_recommendation import EvaluationOverallRecommendation
from .evaluation_page import EvaluationPage
from .evaluation_record import EvaluationRecord
from .evaluation_summary import EvaluationSummary
from .evaluation_summary_overall_recommendation import EvaluationSummaryOverallRecommendation
from .exit_plan import ExitPlan
from .fired_rule import FiredRule
from .fired_rule_kind import FiredRuleKind
from .fired_rule_severity import FiredRuleSeverity
from .get_batch_results_format import GetBatchResultsFormat
from .health import Health
from .health_status import HealthStatus
from .impact_analysis import ImpactAnalysis
from .impact_analysis_status import ImpactAnalysisStatus
from .impact_change import ImpactChange
from .impact_outcome import ImpactOutcome
from .impact_outcome_overall_recommendation import ImpactOutcomeOverallRecommendation
from .impact_request import ImpactRequest
from .impact_summary import ImpactSummary
from .impact_summary_rules import ImpactSummaryRules
from .impact_summary_score_shift import ImpactSummaryScoreShift
from .impact_summary_transitions import ImpactSummaryTransitions
from .issue import Issue
from .list_batches_status import ListBatchesStatus
from .list_evaluations_recommendation import ListEvaluationsRecommendation
from .move import Move
from .new_webhook import NewWebhook
from .new_webhook_events_item import NewWebhookEventsItem
from .organisation import Organisation
from .organisation_budget_phase_type_0 import OrganisationBudgetPhaseType0
from .organisation_has_matched_offers_before_type_0 import OrganisationHasMatchedOffersBeforeType0
from .organisation_manager_relationship_type_0 import OrganisationManagerRelationshipType0
from .outside_offer import OutsideOffer
from .outside_offer_currency_type_0 import OutsideOfferCurrencyType0
from .outside_offer_employer_prestige_tier_type_0 import OutsideOfferEmployerPrestigeTierType0
from .outside_offer_remote_policy_type_0 import OutsideOfferRemotePolicyType0
from .outside_offer_source_type_0 import OutsideOfferSourceType0
from .outside_offer_status import OutsideOfferStatus
from .outside_offer_title_change_type_0 import OutsideOfferTitleChangeType0
from .outside_offer_would_accept_type_0 import OutsideOfferWouldAcceptType0
from .person import Person
from .person_currency import PersonCurrency
from .person_gender_type_0 import PersonGenderType0
from .person_negotiating_as import PersonNegotiatingAs
from .person_performance_rating import PersonPerformanceRating
from .person_role_level_type_0 import PersonRoleLevelType0
from .preparation import Preparation
from .problem import Problem
from .problem_error import ProblemError
from .problem_type import ProblemType
from .result_line import ResultLine
from .rule_info import RuleInfo
from .rule_info_conditions import RuleInfoConditions
from .rule_info_kind import RuleInfoKind
from .rule_info_severity import RuleInfoSeverity
from .rule_shift import RuleShift
from .ruleset_detail import RulesetDetail
from .ruleset_list import RulesetList
from .ruleset_ref import RulesetRef
from .ruleset_summary import RulesetSummary
from .score_effects import ScoreEffects
from .score_shift import ScoreShift
from .scores import Scores
from .situation import Situation
from .situation_schema_version import SituationSchemaVersion
from .source_info import SourceInfo
from .suggested_range import SuggestedRange
from .suggestion import Suggestion
from .suggestion_overall_after import SuggestionOverallAfter
from .suggestion_overall_before import SuggestionOverallBefore
from .webhook import Webhook
from .webhook_events_item import WebhookEventsItem
from .webhook_in import WebhookIn
from .webhook_list import WebhookList
from .what_if import WhatIf

__all__ = (
    "Alternatives",
    "AlternativesBatnaStrength",
    "Ask",
    "AskCurrencyType0",
    "AskDisclosureToManager",
    "AskFraming",
    "AskJustificationsItem",
    "AskTimingContext",
    "AskTone",
    "AskType",
    "Attempt",
    "BatchCounts",
    "BatchItem",
    "BatchItemStatus",
    "BatchPage",
    "BatchProblem",
    "BatchProblemError",
    "BatchProblemType",
    "BatchRequest",
    "BatchResponse",
    "BatchStatus",
    "BatchStatusFormat",
    "BatchStatusStatus",
    "Change",
    "Condition",
    "DataNotice",
    "Decision",
    "DecisionClause",
    "Delivery",
    "DeliveryPage",
    "DeliveryStatus",
    "DeliveryType",
    "Derived",
    "Evaluation",
    "EvaluationOverallRecommendation",
    "EvaluationPage",
    "EvaluationRecord",
    "EvaluationSummary",
    "EvaluationSummaryOverallRecommendation",
    "ExitPlan",
    "FiredRule",
    "FiredRuleKind",
    "FiredRuleSeverity",
    "GetBatchResultsFormat",
    "Health",
    "HealthStatus",
    "ImpactAnalysis",
    "ImpactAnalysisStatus",
    "ImpactChange",
    "ImpactOutcome",
    "ImpactOutcomeOverallRecommendation",
    "ImpactRequest",
    "ImpactSummary",
    "ImpactSummaryRules",
    "ImpactSummaryScoreShift",
    "ImpactSummaryTransitions",
    "Issue",
    "ListBatchesStatus",
    "ListEvaluationsRecommendation",
    "Move",
    "NewWebhook",
    "NewWebhookEventsItem",
    "Organisation",
    "OrganisationBudgetPhaseType0",
    "OrganisationHasMatchedOffersBeforeType0",
    "OrganisationManagerRelationshipType0",
    "OutsideOffer",
    "OutsideOfferCurrencyType0",
    "OutsideOfferEmployerPrestigeTierType0",
    "OutsideOfferRemotePolicyType0",
    "OutsideOfferSourceType0",
    "OutsideOfferStatus",
    "OutsideOfferTitleChangeType0",
    "OutsideOfferWouldAcceptType0",
    "Person",
    "PersonCurrency",
    "PersonGenderType0",
    "PersonNegotiatingAs",
    "PersonPerformanceRating",
    "PersonRoleLevelType0",
    "Preparation",
    "Problem",
    "ProblemError",
    "ProblemType",
    "ResultLine",
    "RuleInfo",
    "RuleInfoConditions",
    "RuleInfoKind",
    "RuleInfoSeverity",
    "RulesetDetail",
    "RulesetList",
    "RulesetRef",
    "RulesetSummary",
    "RuleShift",
    "ScoreEffects",
    "Scores",
    "ScoreShift",
    "Situation",
    "SituationSchemaVersion",
    "SourceInfo",
    "SuggestedRange",
    "Suggestion",
    "SuggestionOverallAfter",
    "SuggestionOverallBefore",
    "Webhook",
    "WebhookEventsItem",
    "WebhookIn",
    "WebhookList",
    "WhatIf",
)
