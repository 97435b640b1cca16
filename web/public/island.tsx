/**
 * Placeholder of the public form island (built to the fixed name `/assets/form.js`), so the build
 * works before the public page lands. The public-page helper replaces this file. The page works
 * without it: the server-rendered form posts natively.
 */
document.documentElement.dataset.island = 'ready';
