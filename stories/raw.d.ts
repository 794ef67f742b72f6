// Vite's `?raw` imports: a recipe story shows its file's full source.
declare module '*?raw' {
  const source: string;
  export default source;
}
