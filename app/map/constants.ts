/** The map's drawing width in SVG units; it is drawn at the width of its column, whatever that is. */
export const MAP_WIDTH = 600;
/** Pins are 26 CSS px across (a 24 px target with room to spare) whatever the map's size, and kept this far apart, centre to centre. */
export const PIN_RADIUS = 13;
export const PIN_SEPARATION = 2 * PIN_RADIUS + 2;
/**
 * Pins are laid out twice: for a map `narrow` px wide (a phone; 390 px
 * screens show it about 356 px wide) and `wide` px (its width on a larger
 * screen). The page uses the wide layout once the map is at least
 * WIDE_FROM px wide (a container query in app/styles.css says the same).
 */
export const LAYOUT_WIDTHS = { narrow: 320, wide: 600 } as const;
export const WIDE_FROM = 560;
export type LayoutName = keyof typeof LAYOUT_WIDTHS;
/** The closest a map zooms in: this many SVG units across (about 1,200 km). */
export const MIN_VIEW_WIDTH = 120;
