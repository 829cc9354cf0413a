<?php

declare(strict_types=1);

namespace Paysign;

/** What a signer gives: the URL to send and the headers to add (name => value, in order). */
final class SignedRequest
{
    /** @param array<string, string> $headers */
    public function __construct(public readonly string $url, public readonly array $headers)
    {
    }
}
