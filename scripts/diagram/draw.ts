/**
 * From synthesized stacks to the files of the diagrams: each environment's SVG and HTML page, and with several
 * environments an index page comparing them. Everything is computed before anything is written.
 */
import { changedComponents } from "./differences";
import { environmentModel, type EnvironmentModel } from "./environment-model";
import { environmentPage } from "./html-page";
import { indexPage } from "./index-page";
import { layoutLanes } from "./layout";
import { renderSvg } from "./svg-document";
import { slug } from "./svg-text";
import { completeLayers, readEnvironment } from "./synthesized-stacks";

/** A file to write: its name in the output folder and its text. */
export interface DiagramFile {
  readonly name: string;
  readonly text: string;
}

/** The models of `envs`, read from the synthesized stacks in `outdir`. */
export function readModels(outdir: string, envs: readonly string[]): EnvironmentModel[] {
  return envs.map((env) => environmentModel(readEnvironment(outdir, env, completeLayers(outdir, env))));
}

/** The files of the diagrams of `models`: `<env>.svg` and `<env>.html` each, and `index.html` when `withIndex`. */
export async function diagramFiles(models: readonly EnvironmentModel[], withIndex: boolean): Promise<DiagramFile[]> {
  const layouts = await Promise.all(models.map(layoutLanes));
  const files = models.flatMap((model, i) => {
    const svg = renderSvg(model, layouts[i]);
    return [
      { name: `${model.env}.svg`, text: svg },
      { name: `${model.env}.html`, text: environmentPage(model.env, svg) },
    ];
  });
  if (!withIndex) return files;
  const changed = changedComponents(models);
  const svgs = models.map((model, i) => renderSvg(model, layouts[i], { changed, idPrefix: `index-${slug(model.env)}-` }));
  return [...files, { name: "index.html", text: indexPage(models, svgs) }];
}
