/**
 * Datasets that are too large to bundle and arrive by name, as torchvision and Keras users expect:
 * where they come from and how a downloaded file is known to be the right one. Pure data, browser-safe.
 */

/** One file of a remote dataset, with the two ways it may prove to be the published one. */
export interface RemoteFile {
  /** The file name under the mirror's base URL and in the local folder. */
  file: string;
  /** MD5 of the published `.gz` bytes (the value torchvision and Keras check). */
  md5: string;
  /**
   * SHA-256 of the decompressed bytes. A mirror that re-compressed the same data (other `.gz`
   * bytes, so another MD5) still passes when what it decompresses to is the same.
   */
  contentSha256: string;
}

export interface RemoteDataset {
  name: string;
  description: string;
  /** Base URL under which the files sit side by side. */
  mirror: string;
  files: readonly RemoteFile[];
}

export const FASHION_MNIST: RemoteDataset = {
  name: "fashion-mnist",
  description: "Fashion-MNIST: 70,000 28×28 greyscale images of 10 kinds of clothing (60,000 train, 10,000 test)",
  // Zalando's own bucket, the mirror torchvision downloads from.
  mirror: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
  files: [
    {
      file: "train-images-idx3-ubyte.gz",
      md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
      contentSha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    },
    {
      file: "train-labels-idx1-ubyte.gz",
      md5: "25c81989df183df01b3e8a0aad5dffbe",
      contentSha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    },
    {
      file: "t10k-images-idx3-ubyte.gz",
      md5: "bef4ecab320f06d8554ea6380940ec79",
      contentSha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    },
    {
      file: "t10k-labels-idx1-ubyte.gz",
      md5: "bb300cfdad3c16e7a12a480ee83cd310",
      contentSha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
  ],
};

export const REMOTE_DATASETS: readonly RemoteDataset[] = [FASHION_MNIST];

/** The remote dataset called `name`, or undefined. */
export function remoteDataset(name: string): RemoteDataset | undefined {
  return REMOTE_DATASETS.find((d) => d.name === name);
}
