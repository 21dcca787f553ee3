/** The question category that suggests drawing: the room then offers to open the board. */
export const BOARD_CATEGORY = "system-design";

export function suggestsBoard(categories: readonly string[] | undefined): boolean {
  return categories?.includes(BOARD_CATEGORY) ?? false;
}
