/** What prompt-playing actions share: exactly one source of text or audio, played as resolved text. */
import type { StepContext } from './types';

/** The parameters one of which says what the customer hears or reads. */
export const PROMPT_PARAMS = ['Text', 'SSML', 'PromptId'];

/** The prompt as the customer gets it, references resolved. */
export function promptText(ctx: StepContext, p: Record<string, unknown> = ctx.p): string {
  return ctx.resolve(p.Text ?? p.SSML ?? (p.PromptId !== undefined ? `[prompt ${String(p.PromptId)}]` : ''));
}
