/** What is on the board, in words: for screen readers, and a quick check of what everyone sees. */
export function describeBoard(elements: readonly { type: string; isDeleted: boolean; text?: unknown }[]): string {
  const live = elements.filter((element) => !element.isDeleted);
  if (live.length === 0) return "The board is empty.";
  const counts = new Map<string, number>();
  for (const element of live) counts.set(element.type, (counts.get(element.type) ?? 0) + 1);
  const kinds = [...counts].map(([type, count]) => `${count} ${type}${count === 1 ? "" : "s"}`);
  const texts = live.flatMap((element) => (element.type === "text" && typeof element.text === "string" && element.text.trim() ? [`“${element.text.trim()}”`] : []));
  return `On the board: ${kinds.join(", ")}${texts.length > 0 ? `; text ${texts.join(", ")}` : ""}.`;
}
