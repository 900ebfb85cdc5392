// AWSClient: SigV4, credentials, shared config files, the Query protocol over HTTP. The only module that speaks HTTP.
