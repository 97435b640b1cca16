/** Types of scripts/form-css.mjs (used by the browser tests). */
export function minifyCss(css: string): string;
export function formCssModule(css: string): string;
