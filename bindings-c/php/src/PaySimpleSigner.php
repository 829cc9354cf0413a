<?php

declare(strict_types=1);

namespace Paysign;

use FFI\CData;

/** Signs PaySimple requests for one API user. */
final class PaySimpleSigner
{
    private CData $signer;

    public function __construct(string $username, string $apiKey)
    {
        Lib::text(['username' => $username, 'api_key' => $apiKey]);
        $this->signer = Lib::result('paysign_paysimple_signer', fn ($out) =>
            Lib::ffi()->paysign_paysimple_signer_new($username, $apiKey, $out));
    }

    public function username(): string
    {
        return Lib::ffi()->paysign_paysimple_signer_username($this->signer);
    }

    /** The URL to send and Authorization. */
    public function sign(string $method, string $url, string $body = '', ?SignTime $time = null): SignedRequest
    {
        return Signing::sign($method, $url, $body, $time, fn ($m, $u, $t, $out) => Lib::ffi()->paysign_paysimple_signer_sign(
            $this->signer, $m, $u, $body, strlen($body), $t->unixTime, $t->nanos, $t->text, $out));
    }

    public function __destruct()
    {
        if (isset($this->signer)) {
            Lib::ffi()->paysign_paysimple_signer_free($this->signer);
        }
    }
}
