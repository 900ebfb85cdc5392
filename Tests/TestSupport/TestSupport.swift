import AWSClient
