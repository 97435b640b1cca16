/**
 * The form engine's public surface: the definition schema, the logic (conditions, validation,
 * storage shapes) and its messages. Pure: imported by the Worker and by `web/`.
 */

export { DEFAULT_MAX_FILES, DEFAULT_MAX_LENGTH, DEFAULT_RATING_MAX, isBlank, toNumber } from './check';
export * from './definition';
export { answersFromFormFields, answersToFormFields } from './fields';
export {
  type ConditionProblem,
  conditionProblems,
  evaluate,
  isPageVisible,
  isQuestionVisible,
  isRequired,
  validateAnswers,
  visibleIds,
  visibleQuestions,
} from './logic';
export { ENGINE_ERROR_CODES, type EngineErrorCode, engineMessage } from './messages';
export { type AnswerRow, answerRows, attributedUnit, type RollupKey, rollupKeys } from './rows';
