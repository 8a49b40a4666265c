/**
 * runtimeInfo() says which OpenBLAS core products run on and why
 * (native/blas/core_choice.h): the user's OPENBLAS_CORETYPE when set (the
 * development machines set it; tests never change it), OpenBLAS's own pick
 * on arm64 and on x86-64 CPUs it knows, blaskit's choice for an x86-64 CPU it
 * does not. The choice itself is tested on recorded CPU descriptions by
 * scripts/test-core-choice.sh.
 */
import { expect } from 'chai';
import { runtimeInfo } from '../lib/index';

describe('the OpenBLAS core in runtimeInfo()', () => {
  const { blas } = runtimeInfo();

  it('names the core products run on, the one in OpenBLAS\'s own config string', () => {
    expect(blas.core).to.be.a('string').and.not.equal('');
    expect(blas.config).to.include(` ${blas.core} `);
  });

  it('says why that core: the user\'s OPENBLAS_CORETYPE, OpenBLAS\'s pick, or blaskit\'s choice for an unknown CPU', () => {
    const coretype = process.env.OPENBLAS_CORETYPE;
    if (coretype) {
      expect(blas.coreReason).to.equal("OPENBLAS_CORETYPE is set: OpenBLAS's core as the user chose it");
      // (An x86 name such as the development machines' Haswell means nothing
      // to arm64's OpenBLAS, which then detects its core itself.)
      if (process.arch === 'x64') expect(blas.core.toLowerCase()).to.equal(coretype.toLowerCase());
    } else if (process.arch !== 'x64') {
      expect(blas.coreReason).to.equal("OpenBLAS's own pick (not an x86-64 CPU)");
    } else {
      expect(blas.coreReason).to.match(/^(OpenBLAS's own pick, of this CPU's class|OpenBLAS picked \w+ for this .+, which it does not know; the CPU has .+: \w+ kernels)$/);
    }
  });
});
