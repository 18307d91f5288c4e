/** The map's natural width in CSS pixels: one SVG unit is one pixel at this size, and the map never shrinks below it. */
export const MAP_WIDTH = 600;
/** Pins are 26 px across (a 24 px target with room to spare) and kept this far apart, centre to centre. */
export const PIN_RADIUS = 13;
export const PIN_SEPARATION = 2 * PIN_RADIUS + 2;
