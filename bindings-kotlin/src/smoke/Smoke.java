// Run by test.sh against the packaged jar alone (plus its runtime dependencies),
// from an empty directory and without LD_LIBRARY_PATH: proves the jar carries
// the native library in JNA's platform folder.
import dev.paysign.Paysign;

public class Smoke {
    public static void main(String[] args) throws Exception {
        String token = Paysign.xPayToken("s3cr3t-Shared_Secret", "helloworld", "apikey=KSKDFJOP934ALSFDJP34",
                (byte[]) null, 1455716783L);
        String want = "xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11";
        if (!token.equals(want)) {
            throw new AssertionError(token);
        }
        System.out.println("jar smoke: paysign " + Paysign.version() + " loaded from the jar, token ok");
    }
}
