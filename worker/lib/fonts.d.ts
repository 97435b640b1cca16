/** TTF files are bundled as `Data` modules (wrangler.toml `[[rules]]`): the import is the file's bytes. */
declare module '*.ttf' {
  const data: ArrayBuffer;
  export default data;
}
