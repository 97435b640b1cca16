/**
 * Which question types the rollups count. Its own module, free of valibot, so code that ships to
 * the browser can use it without pulling in the definition schemas; `definition.ts` re-exports it.
 */
import type { QuestionType } from './definition';

/** Types whose answers are counted in the rollups per option. */
export const COUNTED_TYPES: ReadonlySet<QuestionType> = new Set([
  'single_choice',
  'multiple_choice',
  'dropdown',
  'yes_no',
  'rating',
  'likert',
  'unit_picker',
  'number',
]);
