// The files a fresh simulated printer has: real-looking PrusaSlicer .bgcode names (as in the
// fixtures), each a valid bgcode container with a 16×16 and a 313×173 PNG thumbnail, plus a
// subfolder and a plain .gcode without thumbnail (Buddy answers 404 for its preview).
import { buildBgcode } from "../bgcode";
import { makeThumbnail } from "../png";
import type { StorageTree } from "./storage-tree";

export function makeSampleBgcode(
  displayName: string,
  printSeconds: number,
  seed: number,
  filler = 64 * 1024,
): { bytes: Buffer; small: Buffer; large: Buffer } {
  const small = makeThumbnail(16, 16, seed);
  const large = makeThumbnail(313, 173, seed);
  const minutes = Math.round(printSeconds / 60);
  // Enough G-code that downloads are streamed in many chunks.
  const moves: string[] = [];
  for (let i = 0, length = 0; length < filler; i++) {
    const move = `G1 X${(i % 200) + 10} Y${(i * 7) % 200} E${(i * 0.0123).toFixed(4)}\n`;
    moves.push(move);
    length += move.length;
  }
  const bytes = buildBgcode({
    printerMetadata: {
      printer_model: "MK4",
      filament_type: "PLA",
      nozzle_diameter: "0.4",
      bed_temperature: "60",
      temperature: "215",
    },
    printMetadata: {
      "estimated printing time (normal mode)": `${minutes}m 0s`,
      "filament used [g]": "12.34",
    },
    slicerMetadata: { layer_height: "0.2", fill_density: "15%", source_file: displayName },
    thumbnails: [
      { width: 16, height: 16, png: small },
      { width: 313, height: 173, png: large },
    ],
    gcode: `; ${displayName}\nM73 P0 R${minutes}\nG28\n${moves.join("")}M73 P100 R0\n`,
  });
  return { bytes, small, large };
}

export function seedSampleFiles(tree: StorageTree): void {
  const samples: Array<[string, number]> = [
    ["painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode", 31 * 60],
    ["ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode", 110 * 60],
    ["murcielago-grande_0.4n_0.2mm_PLA_MK4_2h16m.bgcode", 136 * 60],
  ];
  samples.forEach(([name, seconds], i) => {
    const { bytes, small, large } = makeSampleBgcode(name, seconds, i + 1);
    tree.addFile(
      tree.root,
      name,
      bytes,
      { thumbnails: { small, large }, printSeconds: seconds },
      1729258582 + i * 86_400,
    );
  });
  const folder = tree.mkdir(tree.root, "Calibration");
  const cube = makeSampleBgcode("calibration_cube_0.4n_0.2mm_PLA_MK4_12m.bgcode", 12 * 60, 9, 8 * 1024);
  tree.addFile(folder, "calibration_cube_0.4n_0.2mm_PLA_MK4_12m.bgcode", cube.bytes, {
    thumbnails: { small: cube.small, large: cube.large },
    printSeconds: 720,
  });
  tree.addFile(tree.root, "box.gcode", Buffer.from("; plain G-code without thumbnail\nG28\nG1 Z10\n"), {
    printSeconds: 300,
  });
}
