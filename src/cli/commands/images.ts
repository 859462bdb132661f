import type { Command } from 'commander';
import { clusterSharedImages, listImages } from '../../cluster/images';
import { renderTable, type Rendered } from '../../display';

/** The image catalog as a table: what a pod's `image:` can name in the embedded cluster. */
export function imagesTable(): Rendered {
  return renderTable(
    listImages().map((i) => ({ IMAGE: i.name, DESCRIPTION: i.description, EXAMPLE: i.example })),
    { caption: 'Images the embedded cluster can run (any tag; docker.io/library/ prefixes are fine)' },
  );
}

export function register(prog: Command): void {
  prog.command('images')
    .description('list the container images the embedded cluster can run (an image not listed goes to ImagePullBackOff)')
    .action(async () => {
      console.log(imagesTable().text);
      const shared = await clusterSharedImages();
      if (shared?.images.length) {
        console.log('\n' + renderTable(
          shared.images.map((i) => ({ IMAGE: i.name, DESCRIPTION: i.unavailable ? `unavailable: ${i.unavailable}` : i.description, EXAMPLE: i.example })),
          { caption: `Images notebooks share with the kit cluster at ${shared.cluster}` },
        ).text);
      }
      console.log('\nA notebook can add its own TypeScript workload with registerImage() from cloud-study-kit/cluster/images,\nand shareImage() makes it available to the cluster `kit start` runs while the notebook\'s kernel runs.');
    });
}
